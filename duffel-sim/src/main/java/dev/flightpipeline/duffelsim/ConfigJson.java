package dev.flightpipeline.duffelsim;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link SimulatorConfig} as JSON: shown with the webhook secret hidden, and changed by merging a
 * partial object over it (nested objects merge; {@code orderFaults} and lists are replaced whole).
 */
final class ConfigJson {

    static final String HIDDEN = "(hidden)";

    private final JsonMapper json;

    ConfigJson(JsonMapper json) {
        this.json = json;
    }

    /** The settings to show: everything but the webhook secret. */
    ObjectNode shown(SimulatorConfig config) {
        ObjectNode tree = json.valueToTree(config);
        ((ObjectNode) tree.get("webhooks")).put("secret", HIDDEN);
        return tree;
    }

    /**
     * {@code current} with the settings {@code change} names.
     *
     * @throws IllegalArgumentException when the change is not an object of known, valid settings
     */
    SimulatorConfig merged(SimulatorConfig current, JsonNode change) {
        if (change == null || !change.isObject()) {
            throw new IllegalArgumentException("the settings must be a JSON object");
        }
        ObjectNode tree = json.valueToTree(current);
        merge(tree, (ObjectNode) change, "");
        try {
            return json.treeToValue(tree, SimulatorConfig.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(rootMessage(e), e);
        }
    }

    private static void merge(ObjectNode target, ObjectNode change, String path) {
        for (Map.Entry<String, JsonNode> entry : change.properties()) {
            String name = entry.getKey();
            JsonNode current = target.get(name);
            if (current == null) {
                throw new IllegalArgumentException("unknown setting '" + path + name + "'");
            }
            if (path.equals("webhooks.")
                    && name.equals("secret")
                    && HIDDEN.equals(entry.getValue().asString(""))) {
                continue; // the shown settings sent back unchanged keep the real secret
            }
            if (current instanceof ObjectNode currentObject
                    && entry.getValue() instanceof ObjectNode changeObject
                    && !name.equals("orderFaults")) {
                merge(currentObject, changeObject, path + name + ".");
            } else {
                target.set(name, entry.getValue());
            }
        }
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
