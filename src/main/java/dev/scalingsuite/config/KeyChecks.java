package dev.scalingsuite.config;

import static dev.scalingsuite.config.ConfigKeys.ACCOUNTS;
import static dev.scalingsuite.config.ConfigKeys.ACCOUNTS_ALLOWED;
import static dev.scalingsuite.config.ConfigKeys.HOST_KEYS;
import static dev.scalingsuite.config.ConfigKeys.VALUES;

import dev.scalingsuite.config.ConfigEntry.Shape;
import java.util.List;

/**
 * Checks that every key read is one the configuration knows, in the shape it takes: a single value, a
 * mapping or a list. A key under a group of the wrong shape is reported once, on the group.
 */
final class KeyChecks {

    private final ConfigEntries entries;

    private KeyChecks(ConfigEntries entries) {
        this.entries = entries;
    }

    /** Adds a problem to {@code entries} for each unknown key and each key of the wrong shape. */
    static void check(ConfigEntries entries) {
        KeyChecks checks = new KeyChecks(entries);
        entries.all().forEach(checks::check);
    }

    private void check(ConfigEntry entry) {
        String[] parts = entry.key().split("\\.", -1);
        String top = parts[0];
        if (VALUES.containsKey(top)) {
            if (parts.length == 1 && entry.shape() != Shape.VALUE) {
                problem(entry, "'" + top + "' must be a single value, was " + entry.shown() + "; allowed: "
                        + VALUES.get(top).allowed());
            } else if (parts.length > 1 && !entries.isNot(top, Shape.VALUE)) {
                problem(entry, "unknown key '" + entry.key() + "'; allowed: " + top + " as a single value");
            }
        } else if (top.equals("recovery") || top.equals("poll") || top.equals("generator") || top.equals("price")
                || top.equals("twin")) {
            checkGroup(entry, parts);
        } else if (top.equals("load-hosts")) {
            checkHosts(entry, parts);
        } else if (top.equals(ACCOUNTS)) {
            checkAccounts(entry, parts);
        } else if (top.equals(TelemetryKeys.TOP)) {
            checkTelemetry(entry, parts);
        } else {
            problem(entry, "unknown key '" + entry.key() + "'; allowed: " + ConfigKeys.topKeys());
        }
    }

    private void checkGroup(ConfigEntry entry, String[] parts) {
        String top = parts[0];
        List<String> keys = top.equals("recovery") ? ConfigKeys.RECOVERY_KEYS
                : top.equals("poll") ? ConfigKeys.POLL_KEYS
                : top.equals("generator") ? ConfigKeys.GENERATOR_KEYS
                : top.equals("price") ? ConfigKeys.PRICE_KEYS : List.of();
        String allowed = top.equals("twin") ? "twin settings as single values, like twin.maxCapacity"
                : ConfigKeys.prefixed(top, keys);
        if (parts.length == 1) {
            if (entry.shape() != Shape.GROUP) {
                problem(entry, "'" + top + "' must be a mapping, was " + entry.shown() + "; allowed: " + allowed);
            }
        } else if (entries.isNot(top, Shape.GROUP)) {
            return; // reported on the group itself
        } else if (parts.length > 2 || (!top.equals("twin") && !keys.contains(parts[1])) || parts[1].isEmpty()) {
            if (parts.length > 2 && entries.isNot(top + "." + parts[1], Shape.VALUE)) {
                return; // reported on the parent
            }
            problem(entry, "unknown key '" + entry.key() + "'; allowed: " + allowed);
        } else if (entry.shape() != Shape.VALUE) {
            problem(entry, "'" + entry.key() + "' must be a single value, was " + entry.shown() + "; allowed: "
                    + (top.equals("twin") ? "a twin setting's value" : ConfigKeys.valueAllowed(entry.key())));
        }
    }

    /** A list of account ids, or one value of ids separated by commas (as a property gives them). */
    private void checkAccounts(ConfigEntry entry, String[] parts) {
        if (parts.length == 1) {
            if (entry.shape() == Shape.GROUP) {
                problem(entry, "'" + ACCOUNTS + "' must be a list or a single value, was a mapping; allowed: "
                        + ACCOUNTS_ALLOWED);
            }
            return;
        }
        if (entries.isNot(ACCOUNTS, Shape.VALUE) && entries.isNot(ACCOUNTS, Shape.LIST)) {
            return; // reported on the mapping
        }
        if (parts.length > 2 && entries.isNot(ACCOUNTS + "." + parts[1], Shape.VALUE)) {
            return; // reported on the item
        }
        if (parts.length > 2 || !parts[1].matches("0|[1-9]\\d{0,3}")) {
            problem(entry, "unknown key '" + entry.key() + "'; allowed: " + ACCOUNTS + " as " + ACCOUNTS_ALLOWED);
        } else if (entry.shape() != Shape.VALUE) {
            problem(entry, "'" + entry.key() + "' must be a single value, was " + entry.shown() + "; allowed: "
                    + ACCOUNTS_ALLOWED);
        }
    }

    /** {@code telemetry}: a mapping of the groups {@code sessions}, {@code latency}, {@code events}, each of single values. */
    private void checkTelemetry(ConfigEntry entry, String[] parts) {
        String top = TelemetryKeys.TOP;
        if (parts.length == 1) {
            if (entry.shape() != Shape.GROUP) {
                problem(entry, "'" + top + "' must be a mapping, was " + entry.shown() + "; allowed: "
                        + TelemetryKeys.allowedGroups());
            }
            return;
        }
        if (entries.isNot(top, Shape.GROUP)) {
            return; // reported on the section itself
        }
        String group = parts[1];
        if (!TelemetryKeys.GROUPS.contains(group)) {
            problem(entry, "unknown key '" + entry.key() + "'; allowed: " + TelemetryKeys.allowedGroups());
            return;
        }
        String groupKey = top + "." + group;
        if (parts.length == 2) {
            if (entry.shape() != Shape.GROUP) {
                problem(entry, "'" + groupKey + "' must be a mapping, was " + entry.shown() + "; allowed: "
                        + TelemetryKeys.allowedIn(group));
            }
            return;
        }
        if (entries.isNot(groupKey, Shape.GROUP)) {
            return; // reported on the group
        }
        var key = parts.length == 3 ? TelemetryKeys.key(group, parts[2]) : java.util.Optional.<TelemetryKeys.Key>empty();
        if (key.isEmpty()) {
            if (parts.length > 3 && entries.isNot(groupKey + "." + parts[2], Shape.VALUE)) {
                return; // reported on the parent
            }
            problem(entry, "unknown key '" + entry.key() + "'; allowed: " + TelemetryKeys.allowedIn(group));
        } else if (entry.shape() != Shape.VALUE) {
            problem(entry, "'" + entry.key() + "' must be a single value, was " + entry.shown() + "; allowed: "
                    + key.get().rule().allowed);
        }
    }

    private void checkHosts(ConfigEntry entry, String[] parts) {
        String item = "a list of hosts with " + String.join(", ", HOST_KEYS);
        if (parts.length == 1) {
            if (entry.shape() != Shape.LIST) {
                problem(entry, "'load-hosts' must be a list, was " + entry.shown() + "; allowed: " + item);
            }
            return;
        }
        if (entries.isNot("load-hosts", Shape.VALUE) && entries.isNot("load-hosts", Shape.LIST)) {
            return; // reported on the mapping
        }
        if (!parts[1].matches("0|[1-9]\\d{0,2}")) {
            problem(entry, "unknown key '" + entry.key() + "'; allowed: load-hosts.<n>.<key> with n = 0, 1, ... and "
                    + "key one of " + String.join(", ", HOST_KEYS));
            return;
        }
        String itemKey = "load-hosts." + parts[1];
        if (parts.length == 2) {
            if (entry.shape() != Shape.GROUP) {
                problem(entry, "'" + itemKey + "' must be a mapping, was " + entry.shown() + "; allowed: a host with "
                        + String.join(", ", HOST_KEYS));
            }
            return;
        }
        if (entries.isNot(itemKey, Shape.GROUP)) {
            return; // reported on the item
        }
        if (parts.length > 3 || !HOST_KEYS.contains(parts[2])) {
            problem(entry, "unknown key '" + entry.key() + "'; allowed: " + String.join(", ", HOST_KEYS));
        } else if (entry.shape() != Shape.VALUE) {
            problem(entry, "'" + entry.key() + "' must be a single value, was " + entry.shown());
        }
    }

    private void problem(ConfigEntry entry, String what) {
        entries.problem(entry, what);
    }
}
