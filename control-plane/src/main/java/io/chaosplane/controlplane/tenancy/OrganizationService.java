package io.chaosplane.controlplane.tenancy;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.common.OffsetPageable;
import io.chaosplane.controlplane.tenancy.TenancyDtos.CreateOrganization;
import io.chaosplane.controlplane.tenancy.TenancyDtos.OrganizationView;
import io.chaosplane.controlplane.tenancy.TenancyDtos.UpdateOrganization;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class OrganizationService {

    private final OrganizationRepository organizations;
    private final TenancyMapper mapper;
    private final AccessGuard guard;
    private final Clock clock;

    OrganizationService(OrganizationRepository organizations, TenancyMapper mapper, AccessGuard guard, Clock clock) {
        this.organizations = organizations;
        this.mapper = mapper;
        this.guard = guard;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public ListResponse<OrganizationView> list(Paging paging) {
        Caller caller = guard.caller();
        var pageable = OffsetPageable.of(paging, Sort.by("identifier"));
        Page<Organization> page;
        if (caller.roleOver(ResourceScope.account()).isPresent()) {
            page = organizations.findByAccountId(caller.accountId(), pageable);
        } else {
            Set<String> visible = caller.grants().stream()
                    .map(grant -> grant.scope().organization())
                    .filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            page = organizations.findByAccountIdAndIdentifierIn(caller.accountId(), visible, pageable);
        }
        return ListResponse.of(
                "OrganizationList", page.map(mapper::toView).getContent(), page.getTotalElements(), paging);
    }

    @Transactional(readOnly = true)
    public OrganizationView get(String identifier) {
        guard.require(Permission.READ, ResourceScope.organization(identifier), describe(identifier));
        return mapper.toView(find(identifier));
    }

    @Transactional
    public OrganizationView create(CreateOrganization request) {
        Caller caller = guard.require(Permission.MANAGE, ResourceScope.account(), "account");
        if (organizations.existsByAccountIdAndIdentifier(caller.accountId(), request.identifier())) {
            throw new ConflictException(describe(request.identifier()) + " already exists");
        }
        Organization organization = new Organization(
                caller.accountId(),
                request.identifier(),
                request.name(),
                Objects.requireNonNullElse(request.description(), ""),
                clock.instant());
        return mapper.toView(organizations.save(organization));
    }

    @Transactional
    public OrganizationView update(String identifier, UpdateOrganization request) {
        guard.require(Permission.MANAGE, ResourceScope.organization(identifier), describe(identifier));
        Organization organization = find(identifier);
        organization.update(request.name(), Objects.requireNonNullElse(request.description(), ""), clock.instant());
        return mapper.toView(organization);
    }

    @Transactional
    public void delete(String identifier) {
        guard.require(Permission.MANAGE, ResourceScope.organization(identifier), describe(identifier));
        organizations.delete(find(identifier));
    }

    private Organization find(String identifier) {
        return organizations
                .findByAccountIdAndIdentifier(guard.caller().accountId(), identifier)
                .orElseThrow(() -> new NotFoundException(describe(identifier) + " not found"));
    }

    private static String describe(String identifier) {
        return "organization '" + identifier + "'";
    }
}
