package dev.scalingsuite.aws;

import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** Resolves {@code ssm:///path} settings to the parameter's value, with a message that names the setting. */
public final class SsmResolver {

    private final SsmClient ssm;

    public SsmResolver(SsmClient ssm) {
        this.ssm = ssm;
    }

    /**
     * @param setting the configuration key, for the error message
     * @param path the SSM parameter name, e.g. {@code /voice-agent/sessions/table-name}
     */
    public String resolve(String setting, String path) {
        try {
            return ssm.getParameter(b -> b.name(path)).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw new IllegalArgumentException("Setting '" + setting + "' refers to SSM parameter '" + path
                    + "', which does not exist in this account and region; create it or set the value directly");
        }
    }
}
