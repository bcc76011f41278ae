package io.chaosplane.controlplane.tenancy;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface ProjectRepository extends JpaRepository<Project, UUID> {

    Optional<Project> findByAccountIdAndOrganizationAndIdentifier(
            String accountId, String organization, String identifier);

    Page<Project> findByAccountIdAndOrganization(String accountId, String organization, Pageable pageable);

    Page<Project> findByAccountIdAndOrganizationAndIdentifierIn(
            String accountId, String organization, Collection<String> identifiers, Pageable pageable);

    boolean existsByAccountIdAndOrganizationAndIdentifier(String accountId, String organization, String identifier);
}
