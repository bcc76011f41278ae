package io.chaosplane.controlplane.tenancy;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Every query names the account explicitly, although row-level security filters anyway: the explicit filter
 * is what lets indexes lead with account_id and what a future Citus routes by.
 */
interface OrganizationRepository extends JpaRepository<Organization, UUID> {

    Optional<Organization> findByAccountIdAndIdentifier(String accountId, String identifier);

    Page<Organization> findByAccountId(String accountId, Pageable pageable);

    Page<Organization> findByAccountIdAndIdentifierIn(
            String accountId, Collection<String> identifiers, Pageable pageable);

    boolean existsByAccountIdAndIdentifier(String accountId, String identifier);
}
