package io.chaosplane.logservice.common;

/**
 * The view a body of lines is read in when each line must carry its {@code pos} ({@code PUT /stream}): lines are
 * kept idempotently by stream and pos, and a line without one cannot be. Put {@code @JsonView(PositionedLines.class)}
 * on the body; a blob's lines, which the service numbers, are read without it.
 */
public interface PositionedLines {}
