package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

class StsApiTest {

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture().with("account", "210987654321");

    private static StsClient sts;

    @BeforeAll
    static void client() {
        sts = TWIN.client(StsClient.builder());
    }

    @AfterAll
    static void close() {
        sts.close();
    }

    @Test
    void getCallerIdentityNamesTheTwinAccountAndRole() {
        GetCallerIdentityResponse identity = sts.getCallerIdentity();

        assertThat(identity.account()).isEqualTo("210987654321");
        assertThat(identity.arn()).isEqualTo("arn:aws:sts::210987654321:assumed-role/scaling-suite/twin");
        assertThat(identity.userId()).matches("AROA[A-Z0-9]{17}:twin");
    }

    @Test
    void anUnsupportedActionIsInvalidAction() {
        assertThatThrownBy(() -> sts.getSessionToken())
                .isInstanceOf(StsException.class)
                .hasMessageContaining("Could not find operation GetSessionToken")
                .satisfies(e -> assertThat(((StsException) e).awsErrorDetails().errorCode())
                        .isEqualTo("InvalidAction"));
    }
}
