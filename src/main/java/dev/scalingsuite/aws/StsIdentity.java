package dev.scalingsuite.aws;

import dev.scalingsuite.fleet.IdentityPort;
import software.amazon.awssdk.services.sts.StsClient;

/** {@link IdentityPort} over STS GetCallerIdentity, which needs no permission. */
public final class StsIdentity implements IdentityPort {

    private final StsClient sts;

    public StsIdentity(StsClient sts) {
        this.sts = sts;
    }

    @Override
    public String account() {
        return sts.getCallerIdentity().account();
    }
}
