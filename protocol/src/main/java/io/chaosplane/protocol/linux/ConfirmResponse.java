package io.chaosplane.protocol.linux;

/** Answer to confirm: the infrastructure's id and the access key that replaces the one-time install token. */
public record ConfirmResponse(String infraID, String newAccessKey) {

    /** Keeps the access key out of logs and exception messages. */
    @Override
    public String toString() {
        return "ConfirmResponse[infraID=" + infraID + ", newAccessKey=***]";
    }
}
