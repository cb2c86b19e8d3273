package dev.scalingsuite.config;

/**
 * A setting of the AWS target: either the value itself or an {@link SsmRef} ({@code ssm:///path}) the
 * harness resolves through SSM before use.
 */
public sealed interface ConfigValue permits ConfigValue.Literal, SsmRef {

    /** A value given as is. */
    record Literal(String value) implements ConfigValue {
        public Literal {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("a value must not be blank");
            }
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** {@code ssm:///path} as an {@link SsmRef}, anything else as a {@link Literal}; the shape is not checked here. */
    static ConfigValue of(String text) {
        return text.startsWith(SsmRef.SCHEME) ? SsmRef.parse(text) : new Literal(text);
    }

    /** The literal value; an {@link IllegalStateException} for an unresolved SSM reference. */
    default String literal() {
        if (this instanceof Literal l) {
            return l.value();
        }
        throw new IllegalStateException(this + " is not resolved yet");
    }
}
