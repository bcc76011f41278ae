package io.chaosplane.protocol.linux;

/** Body of {@code POST .../infra/task/result/{taskName}}: the outcome and the task's merged log text. */
public record TaskResultRequest(TaskResult result, String logs) {}
