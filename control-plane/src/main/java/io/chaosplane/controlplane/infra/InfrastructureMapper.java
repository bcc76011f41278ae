package io.chaosplane.controlplane.infra;

import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper
interface InfrastructureMapper {

    @Mapping(target = "accountIdentifier", source = "accountId")
    @Mapping(target = "organizationIdentifier", source = "organization")
    @Mapping(target = "projectIdentifier", source = "project")
    @Mapping(target = "environmentIdentifier", source = "environment")
    InfrastructureView toView(Infrastructure infrastructure);
}
