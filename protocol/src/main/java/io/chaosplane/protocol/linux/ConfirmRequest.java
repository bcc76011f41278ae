package io.chaosplane.protocol.linux;

/** Body of {@code POST /chaos/lserver/api/infra/confirm}: an agent introduces itself once, with its install token. */
public record ConfirmRequest(String hostname, String version) {}
