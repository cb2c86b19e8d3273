package dev.scalingsuite.twin.api;

import static dev.scalingsuite.twin.api.Wire.object;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * AWS STS in awsQuery, GetCallerIdentity only: the suite and the CLI ask who they are before
 * anything else, and against the twin the answer must name the twin's account.
 */
final class StsApi implements ApiService {

    /** The caller is an assumed role, as in CI; the role id is fixed so logs stay comparable. */
    static final String ROLE = "scaling-suite";
    static final String SESSION = "twin";
    static final String ROLE_ID = "AROAZTWINSCALINGSUITE";

    private final String account;

    StsApi(String account) {
        this.account = account;
    }

    @Override
    public String name() {
        return "sts";
    }

    @Override
    public Optional<String> queryVersion() {
        return Optional.of("2011-06-15");
    }

    @Override
    public String queryNamespace() {
        return "https://sts.amazonaws.com/doc/2011-06-15/";
    }

    @Override
    public JsonNode handle(String operation, JsonNode request) {
        if (!operation.equals("GetCallerIdentity")) {
            throw new ApiException(400, "InvalidAction",
                    "Could not find operation " + operation + " for version 2011-06-15");
        }
        return object()
                .put("UserId", ROLE_ID + ":" + SESSION)
                .put("Account", account)
                .put("Arn", "arn:aws:sts::" + account + ":assumed-role/" + ROLE + "/" + SESSION);
    }
}
