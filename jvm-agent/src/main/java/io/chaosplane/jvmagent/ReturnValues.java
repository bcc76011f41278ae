package io.chaosplane.jvmagent;

/**
 * Turns the text a user gave into the value a method of a given return type can return: a number, boolean or character
 * for primitives and their wrappers, the text itself where a String fits, {@code null} for any other object type.
 */
final class ReturnValues {

    private ReturnValues() {}

    /**
     * @param typeName the return type's binary name ({@code int}, {@code java.lang.String}...)
     * @param takesString whether a String can be assigned to the return type
     * @throws IllegalArgumentException when the text is no value of that type
     */
    static Object convert(String text, String typeName, boolean takesString) {
        boolean isNull = "null".equals(text);
        try {
            switch (typeName) {
                case "void":
                    throw new IllegalArgumentException("the method returns nothing (void)");
                case "boolean":
                case "java.lang.Boolean":
                    if (isNull && typeName.startsWith("java")) {
                        return null;
                    }
                    if (!text.equals("true") && !text.equals("false")) {
                        throw new IllegalArgumentException("expected true or false");
                    }
                    return Boolean.valueOf(text);
                case "char":
                case "java.lang.Character":
                    if (isNull && typeName.startsWith("java")) {
                        return null;
                    }
                    if (text.length() != 1) {
                        throw new IllegalArgumentException("expected one character");
                    }
                    return text.charAt(0);
                case "byte":
                case "java.lang.Byte":
                    return isNull && typeName.startsWith("java") ? null : Byte.valueOf(text);
                case "short":
                case "java.lang.Short":
                    return isNull && typeName.startsWith("java") ? null : Short.valueOf(text);
                case "int":
                case "java.lang.Integer":
                    return isNull && typeName.startsWith("java") ? null : Integer.valueOf(text);
                case "long":
                case "java.lang.Long":
                    return isNull && typeName.startsWith("java") ? null : Long.valueOf(text);
                case "float":
                case "java.lang.Float":
                    return isNull && typeName.startsWith("java") ? null : Float.valueOf(text);
                case "double":
                case "java.lang.Double":
                    return isNull && typeName.startsWith("java") ? null : Double.valueOf(text);
                default:
                    if (isNull) {
                        return null;
                    }
                    if (takesString) {
                        return text;
                    }
                    throw new IllegalArgumentException("only null can be returned as a " + typeName);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is no " + typeName, e);
        }
    }
}
