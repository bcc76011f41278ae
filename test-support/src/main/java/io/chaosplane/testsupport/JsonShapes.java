package io.chaosplane.testsupport;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Compares the shape of two JSON documents: the same members (in any order) of the same JSON types, all the way down.
 * A map whose keys are data (a node tree's {@code nodes}, keyed by node) is compared value by value, each against the
 * seed's value of the same {@code type} (a leaf, whose children are null, against a leaf).
 */
public final class JsonShapes {

    private JsonShapes() {}

    /** Where {@code actual} differs in shape from {@code expected}: missing or extra members, other JSON types. */
    public static List<String> differences(String path, JsonNode expected, JsonNode actual) {
        List<String> differences = new ArrayList<>();
        if (expected.getNodeType() != actual.getNodeType()) {
            differences.add(path + ": " + expected.getNodeType() + " in the seed, " + actual.getNodeType() + " here");
            return differences;
        }
        if (expected.isObject() && path.endsWith(".nodes")) {
            for (String name : names(actual)) {
                JsonNode value = actual.get(name);
                JsonNode sameType = null;
                for (String seedName : names(expected)) {
                    JsonNode candidate = expected.get(seedName);
                    boolean leafAsWell = candidate.path("children").getNodeType()
                            == value.path("children").getNodeType();
                    if (candidate.path("type").equals(value.path("type")) && (sameType == null || leafAsWell)) {
                        sameType = candidate;
                    }
                }
                if (sameType == null) {
                    differences.add(path + "." + name + ": no node of type " + value.path("type") + " in the seed");
                } else {
                    differences.addAll(differences(path + "." + name, sameType, value));
                }
            }
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
