package dev.scalingsuite.aws;

import dev.scalingsuite.fleet.LockStore;
import java.util.Optional;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * {@link LockStore} in SSM Parameter Store: PutParameter without overwrite creates a parameter only
 * if it does not exist, atomically, which is what a lock needs. Needs {@code ssm:GetParameter},
 * {@code ssm:PutParameter} and {@code ssm:DeleteParameter} on the lock's parameters.
 */
public final class SsmLockStore implements LockStore {

    private final SsmClient ssm;

    public SsmLockStore(SsmClient ssm) {
        this.ssm = ssm;
    }

    @Override
    public Optional<String> read(String name) {
        try {
            return Optional.of(ssm.getParameter(b -> b.name(name)).parameter().value());
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean createIfAbsent(String name, String value) {
        try {
            ssm.putParameter(b -> b.name(name).value(value).type(ParameterType.STRING).overwrite(false)
                    .description("Run lock of the ECS scaling suite: one run per service"));
            return true;
        } catch (ParameterAlreadyExistsException e) {
            return false;
        }
    }

    @Override
    public void overwrite(String name, String value) {
        ssm.putParameter(b -> b.name(name).value(value).overwrite(true));
    }

    @Override
    public void delete(String name) {
        try {
            ssm.deleteParameter(b -> b.name(name));
        } catch (ParameterNotFoundException e) {
            // already gone: what delete wants
        }
    }
}
