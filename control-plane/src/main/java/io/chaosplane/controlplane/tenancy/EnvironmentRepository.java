package io.chaosplane.controlplane.tenancy;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface EnvironmentRepository extends JpaRepository<Environment, UUID> {

    Optional<Environment> findByAccountIdAndOrganizationAndProjectAndIdentifier(
            String accountId, String organization, String project, String identifier);

    Page<Environment> findByAccountIdAndOrganizationAndProject(
            String accountId, String organization, String project, Pageable pageable);

    boolean existsByAccountIdAndOrganizationAndProjectAndIdentifier(
            String accountId, String organization, String project, String identifier);
}
