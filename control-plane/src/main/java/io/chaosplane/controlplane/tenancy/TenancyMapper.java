package io.chaosplane.controlplane.tenancy;

import io.chaosplane.controlplane.tenancy.TenancyDtos.AccountView;
import io.chaosplane.controlplane.tenancy.TenancyDtos.EnvironmentView;
import io.chaosplane.controlplane.tenancy.TenancyDtos.OrganizationView;
import io.chaosplane.controlplane.tenancy.TenancyDtos.ProjectView;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper
interface TenancyMapper {

    @Mapping(target = "accountIdentifier", source = "id")
    @Mapping(target = "requestsPerMinute", expression = "java(account.getPlan().requestsPerMinute())")
    AccountView toView(Account account);

    @Mapping(target = "accountIdentifier", source = "accountId")
    OrganizationView toView(Organization organization);

    @Mapping(target = "accountIdentifier", source = "accountId")
    @Mapping(target = "organizationIdentifier", source = "organization")
    ProjectView toView(Project project);

    @Mapping(target = "accountIdentifier", source = "accountId")
    @Mapping(target = "organizationIdentifier", source = "organization")
    @Mapping(target = "projectIdentifier", source = "project")
    EnvironmentView toView(Environment environment);
}
