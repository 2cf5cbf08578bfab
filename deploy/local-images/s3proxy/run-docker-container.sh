#!/bin/sh
# Like S3Proxy's own run-docker-container.sh: the variables become system properties.
exec java $S3PROXY_JAVA_OPTS \
  -DLOG_LEVEL="$LOG_LEVEL" \
  -Ds3proxy.endpoint="$S3PROXY_ENDPOINT" \
  -Ds3proxy.authorization="$S3PROXY_AUTHORIZATION" \
  -Ds3proxy.identity="$S3PROXY_IDENTITY" \
  -Ds3proxy.credential="$S3PROXY_CREDENTIAL" \
  -Ds3proxy.v4-max-non-chunked-request-size="${S3PROXY_V4_MAX_NON_CHUNKED_REQ_SIZE:-33554432}" \
  -Djclouds.provider="$JCLOUDS_PROVIDER" \
  -Djclouds.regions="$JCLOUDS_REGIONS" \
  -Djclouds.filesystem.basedir="$JCLOUDS_FILESYSTEM_BASEDIR" \
  -jar /opt/s3proxy/s3proxy --properties /dev/null
