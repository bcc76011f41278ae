package io.chaosplane.controlplane.auth;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface MembershipRepository extends JpaRepository<Membership, UUID> {

    List<Membership> findByAccountIdAndUserId(String accountId, UUID userId);

    Page<Membership> findByAccountId(String accountId, Pageable pageable);

    Optional<Membership> findByAccountIdAndId(String accountId, UUID id);

    boolean existsByAccountIdAndUserIdAndOrganizationAndProject(
            String accountId, UUID userId, String organization, String project);

    long countByAccountIdAndRoleAndOrganizationIsNull(String accountId, io.chaosplane.controlplane.access.Role role);
}
