package io.chaosplane.controlplane.policy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface PolicyRepository extends JpaRepository<Policy, UUID> {

    Optional<Policy> findByAccountIdAndOrganizationAndProjectAndName(
            String accountId, String organization, String project, String name);

    Page<Policy> findByAccountIdAndOrganizationAndProject(
            String accountId, String organization, String project, Pageable pageable);

    List<Policy> findByAccountIdAndOrganizationAndProjectAndEnabledTrueOrderByName(
            String accountId, String organization, String project);

    boolean existsByAccountIdAndOrganizationAndProjectAndName(
            String accountId, String organization, String project, String name);
}
