package io.chaosplane.logservice.line;

import java.time.LocalDate;

/**
 * Where a stream's lines live: its id, its account (which every line carries, for row-level security) and the day it
 * was created, which names the partition of its lines.
 */
public record StreamRef(long id, String accountId, LocalDate day) {}
