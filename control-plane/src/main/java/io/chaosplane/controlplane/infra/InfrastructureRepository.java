package io.chaosplane.controlplane.infra;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface InfrastructureRepository extends JpaRepository<Infrastructure, UUID> {

    Optional<Infrastructure> findByAccountIdAndId(String accountId, UUID id);

    Page<Infrastructure> findByAccountIdAndOrganizationAndProject(
            String accountId, String organization, String project, Pageable pageable);

    Optional<Infrastructure> findByAccountIdAndOrganizationAndProjectAndIdentifier(
            String accountId, String organization, String project, String identifier);

    boolean existsByAccountIdAndOrganizationAndProjectAndIdentifier(
            String accountId, String organization, String project, String identifier);
}
