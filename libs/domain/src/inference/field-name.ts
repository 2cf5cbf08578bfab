/**
 * The name of a field (the key of `SchemaFields`, of hints and of diffs): its path segments
 * joined with `.`. A `.` or `\` inside a segment is escaped with `\`, so a JSON key containing a
 * dot (`{"a.b": 1}` → `a\.b`) never collides with a nested path (`{"a": {"b": 1}}` → `a.b`).
 */
export function fieldName(path: readonly string[]): string {
  if (path.length === 1) {
    const only = path[0] ?? '';
    return only.includes('.') || only.includes('\\') ? escapeSegment(only) : only;
  }
  return path.map(escapeSegment).join('.');
}

function escapeSegment(segment: string): string {
  return segment.replace(/[\\.]/g, (char) => `\\${char}`);
}

/** The path segments of a field name (inverse of `fieldName`). */
export function fieldPath(name: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const char = name[i];
    if (char === '\\' && i + 1 < name.length) current += name[++i];
    else if (char === '.') {
      segments.push(current);
      current = '';
    } else current += char;
  }
  segments.push(current);
  return segments;
}
