package io.chaosplane.controlplane.tenancy;

import io.chaosplane.controlplane.access.Plan;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** An account's plan is stored as its lower-case wire name, as the database's CHECK constraint expects. */
@Converter(autoApply = true)
class PlanConverter implements AttributeConverter<Plan, String> {

    @Override
    public String convertToDatabaseColumn(Plan plan) {
        return plan == null ? null : plan.wireName();
    }

    @Override
    public Plan convertToEntityAttribute(String value) {
        return value == null ? null : Plan.fromWire(value);
    }
}
