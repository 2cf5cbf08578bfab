import { PreconditionFailedError, TerminalError, TransientError } from '@tributary/ports';
import { mapDynamoError } from './dynamodb-error-mapping';

function sdkError(name: string, status?: number, extra: object = {}): Error {
  return Object.assign(new Error(`${name} happened`), {
    name,
    ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }),
    ...extra,
  });
}

describe('mapDynamoError', () => {
  it('maps a failed condition to PreconditionFailedError, in a transaction too', () => {
    expect(mapDynamoError(sdkError('ConditionalCheckFailedException', 400), 'put')).toBeInstanceOf(
      PreconditionFailedError,
    );
    const cancelled = sdkError('TransactionCanceledException', 400, {
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
    });
    expect(mapDynamoError(cancelled, 'write')).toBeInstanceOf(PreconditionFailedError);
  });

  it('retries throttling, server errors, transaction conflicts and network failures', () => {
    for (const error of [
      sdkError('ThrottlingException', 400),
      sdkError('InternalServerError', 500),
      sdkError('TransactionCanceledException', 400, {
        CancellationReasons: [{ Code: 'TransactionConflict' }],
      }),
      sdkError('ECONNREFUSED'),
    ])
      expect(mapDynamoError(error, 'op')).toBeInstanceOf(TransientError);
  });

  it('does not retry what no retry can fix: a rejected request or a value that cannot be marshalled', () => {
    for (const error of [
      sdkError('ValidationException', 400),
      new TypeError('Cannot convert object to primitive value'),
      new Error(
        'Unsupported type passed: [object Object]. Pass options.convertClassInstanceToMap=true',
      ),
    ]) {
      const mapped = mapDynamoError(error, 'write create t');
      expect(mapped).toBeInstanceOf(TerminalError);
      expect(mapped.message).toContain('write create t');
    }
  });
});
