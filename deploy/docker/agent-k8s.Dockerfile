# The Kubernetes chaos runner's image: docker build -f deploy/docker/agent-k8s.Dockerfile -t chaosplane/agent-k8s:0.1.0 .
# after ./mvnw -pl agent-k8s -am package. Runs as the non-root user the chart's Deployment asks for (2000).
FROM eclipse-temurin:21-jre
COPY agent-k8s/target/chaosplane-agent-k8s.jar /opt/chaosplane/chaosplane-agent-k8s.jar
USER 2000:2000
EXPOSE 8000
# a small heap: the runner's idle heap is under 10 MiB; the Deployment's limit is 500Mi
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1", "-Xmx256m", \
            "-jar", "/opt/chaosplane/chaosplane-agent-k8s.jar"]
