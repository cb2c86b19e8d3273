package dev.scalingsuite.fleet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a new revision of the live task definition changes and nothing else: environment values set
 * in every container, tags set on the revision. Same image, same everything else.
 */
public record RevisionChange(Map<String, String> environment, Map<String, String> tags) {

    public RevisionChange {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
