package io.chaosplane.controlplane.tenancy;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AccountRepository extends JpaRepository<Account, String> {

    /**
     * Whether any account has the identifier. Another account's row is invisible under row-level security, so this
     * looks through the key's index with the one function that may see every row.
     */
    @Query(value = "SELECT account_identifier_taken(:id)", nativeQuery = true)
    boolean identifierTaken(String id);

    /** The accounts a person belongs to, read across tenants through the function made for it. */
    @Query(value = "SELECT DISTINCT account_id FROM memberships_of_user(:userId)", nativeQuery = true)
    List<String> idsOfMember(UUID userId);
}
