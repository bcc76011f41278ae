package io.chaosplane.logservice.stream;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** What the stream endpoints answer. */
final class StreamDtos {

    private StreamDtos() {}

    @Schema(description = "A log stream")
    record StreamView(
            @Schema(example = "cTU1lRSWS2SSRV9phKvuOA") String accountID,

            @Schema(example = "76079280-cfd6-4390-8ea4-86771c10f44e-pod-delete")
            String key,

            @Schema(description = "closed streams take no more lines")
            boolean closed,

            Instant createdAt,
            @Schema(description = "absent while open") Instant closedAt) {

        static StreamView of(StreamRow row) {
            return new StreamView(row.accountId(), row.key(), row.closed(), row.createdAt(), row.closedAt());
        }
    }

    @Schema(description = "Lines accepted by PUT /log-service/stream: stored, or already stored at their positions")
    record Appended(boolean success, int lines) {}

    @Schema(description = "Lines stored by POST /log-service/blob, at positions fromPos..toPos (absent when empty)")
    record BlobStored(boolean success, int lines, Long fromPos, Long toPos) {}
}
