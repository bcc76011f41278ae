package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.auth.ApiKeyDtos.ApiKeyView;
import java.time.Clock;
import org.mapstruct.Context;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper
interface ApiKeyMapper {

    @Mapping(target = "accountIdentifier", source = "accountId")
    @Mapping(target = "organizationIdentifier", source = "scope.organization")
    @Mapping(target = "projectIdentifier", source = "scope.project")
    @Mapping(target = "prefix", source = "keyPrefix")
    @Mapping(target = "status", expression = "java(status(key, clock))")
    ApiKeyView toView(ApiKey key, @Context Clock clock);

    default String status(ApiKey key, Clock clock) {
        if (key.revokedAt() != null) {
            return "revoked";
        }
        if (key.expiresAt() != null && !key.expiresAt().isAfter(clock.instant())) {
            return "expired";
        }
        return "active";
    }
}
