package io.chaosplane.protocol.linux;

/** Body of {@code POST .../infra/task/status/{taskName}}. */
public record TaskStatusRequest(TaskStatus taskStatus, String lceUID) {}
