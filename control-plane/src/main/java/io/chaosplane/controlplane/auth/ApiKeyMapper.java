package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.auth.ApiKeyDtos.ApiKeyView;
import java.time.Clock;
import org.mapstruct.Context;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper
interface ApiKeyMapper {

    @Mapping(target = "accountIdentifier", source = "accountId")
    @Mapping(target = "organizationIdentifier", source = "organization")
    @Mapping(target = "projectIdentifier", source = "project")
    @Mapping(target = "prefix", source = "keyPrefix")
    @Mapping(target = "status", expression = "java(status(key, clock))")
    ApiKeyView toView(ApiKey key, @Context Clock clock);

    default String status(ApiKey key, Clock clock) {
        if (key.getRevokedAt() != null) {
            return "revoked";
        }
        if (key.getExpiresAt() != null && !key.getExpiresAt().isAfter(clock.instant())) {
            return "expired";
        }
        return "active";
    }
}
