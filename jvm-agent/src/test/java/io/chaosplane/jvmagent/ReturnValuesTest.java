package io.chaosplane.jvmagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReturnValuesTest {

    @Test
    void primitivesAndTheirWrappersTakeTheirOwnLiterals() {
        assertThat(ReturnValues.convert("42", "int", false)).isEqualTo(42);
        assertThat(ReturnValues.convert("-7", "java.lang.Long", false)).isEqualTo(-7L);
        assertThat(ReturnValues.convert("true", "boolean", false)).isEqualTo(true);
        assertThat(ReturnValues.convert("x", "char", false)).isEqualTo('x');
        assertThat(ReturnValues.convert("2.5", "double", false)).isEqualTo(2.5);
        assertThat(ReturnValues.convert("3", "byte", false)).isEqualTo((byte) 3);
    }

    @Test
    void nullFitsEveryObjectTypeButNoPrimitive() {
        assertThat(ReturnValues.convert("null", "java.lang.Integer", false)).isNull();
        assertThat(ReturnValues.convert("null", "com.example.Order", false)).isNull();
        assertThatThrownBy(() -> ReturnValues.convert("null", "int", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'null' is no int");
    }

    @Test
    void textGoesWhereAStringFitsAndNowhereElse() {
        assertThat(ReturnValues.convert("hijacked", "java.lang.String", true)).isEqualTo("hijacked");
        assertThat(ReturnValues.convert("hijacked", "java.lang.CharSequence", true))
                .isEqualTo("hijacked");
        assertThatThrownBy(() -> ReturnValues.convert("hijacked", "com.example.Order", false))
                .hasMessage("only null can be returned as a com.example.Order");
    }

    @Test
    void wrongLiteralsAndVoidAreRefused() {
        assertThatThrownBy(() -> ReturnValues.convert("yes", "boolean", false)).hasMessage("expected true or false");
        assertThatThrownBy(() -> ReturnValues.convert("ab", "char", false)).hasMessage("expected one character");
        assertThatThrownBy(() -> ReturnValues.convert("300", "byte", false)).hasMessage("'300' is no byte");
        assertThatThrownBy(() -> ReturnValues.convert("1", "void", false))
                .hasMessage("the method returns nothing (void)");
    }
}
