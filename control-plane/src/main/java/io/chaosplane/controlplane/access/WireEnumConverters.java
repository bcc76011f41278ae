package io.chaosplane.controlplane.access;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Roles and plans are stored as their lower-case wire names, as the database's CHECK constraints expect. */
final class WireEnumConverters {

    private WireEnumConverters() {}

    @Converter(autoApply = true)
    static class RoleConverter implements AttributeConverter<Role, String> {
        @Override
        public String convertToDatabaseColumn(Role role) {
            return role == null ? null : role.wireName();
        }

        @Override
        public Role convertToEntityAttribute(String value) {
            return value == null ? null : Role.fromWire(value);
        }
    }

    @Converter(autoApply = true)
    static class PlanConverter implements AttributeConverter<Plan, String> {
        @Override
        public String convertToDatabaseColumn(Plan plan) {
            return plan == null ? null : plan.wireName();
        }

        @Override
        public Plan convertToEntityAttribute(String value) {
            return value == null ? null : Plan.fromWire(value);
        }
    }
}
