package io.chaosplane.controlplane.support;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Compares the shape of two JSON documents: the same members (in any order) of the same JSON types, all the way down. */
public final class JsonShapes {

    private JsonShapes() {
    }

    /** Where {@code actual} differs in shape from {@code expected}: missing or extra members, other JSON types. */
    public static List<String> differences(String path, JsonNode expected, JsonNode actual) {
        List<String> differences = new ArrayList<>();
        if (expected.getNodeType() != actual.getNodeType()) {
            differences.add(path + ": " + expected.getNodeType() + " in the seed, " + actual.getNodeType() + " here");
            return differences;
        }
        if (expected.isObject()) {
            List<String> expectedNames = names(expected);
            List<String> actualNames = names(actual);
            if (!expectedNames.equals(actualNames)) {
                differences.add(path + ": members " + expectedNames + " in the seed, " + actualNames + " here");
            }
            for (String name : expectedNames) {
                if (actual.has(name)) {
                    differences.addAll(differences(path + "." + name, expected.get(name), actual.get(name)));
                }
            }
        } else if (expected.isArray() && !expected.isEmpty() && !actual.isEmpty()) {
            differences.addAll(differences(path + "[0]", expected.get(0), actual.get(0)));
        }
        return differences;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        Iterator<String> iterator = object.propertyNames().iterator();
        iterator.forEachRemaining(names::add);
        names.sort(null); // members of a JSON object have no order
        return names;
    }
}
