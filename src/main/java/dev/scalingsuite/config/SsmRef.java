package dev.scalingsuite.config;

import java.util.regex.Pattern;

/** A value kept in SSM Parameter Store, written {@code ssm:///voice-agent/ecs/cluster-arn}; {@code parameter} is the name. */
public record SsmRef(String parameter) implements ConfigValue {

    public static final String SCHEME = "ssm://";
    /** What a reference may look like, for messages. */
    public static final String ALLOWED = "ssm:///path (letters, digits and _ . - between slashes)";
    static final Pattern PARAMETER = Pattern.compile("(/[A-Za-z0-9_.-]+)+");

    public SsmRef {
        if (parameter == null || !PARAMETER.matcher(parameter).matches()) {
            throw new IllegalArgumentException("not an SSM parameter name: '" + parameter + "'; allowed: " + ALLOWED);
        }
    }

    /** Whether {@code text} is a well-formed {@code ssm:///path}. */
    public static boolean isValid(String text) {
        return text.startsWith(SCHEME) && PARAMETER.matcher(text.substring(SCHEME.length())).matches();
    }

    static SsmRef parse(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("not an SSM reference: '" + text + "'; allowed: " + ALLOWED);
        }
        return new SsmRef(text.substring(SCHEME.length()));
    }

    @Override
    public String toString() {
        return SCHEME + parameter;
    }
}
