#!/bin/bash
# Like Kafka's bin/kafka-broker-api-versions.sh (the compose health check calls it).
exec java -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '/opt/kafka/libs/*' \
  -Dlog4j.configuration=file:/opt/kafka/config/log4j.properties kafka.admin.BrokerApiVersionsCommand "$@"
