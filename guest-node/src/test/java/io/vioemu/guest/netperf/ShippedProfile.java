package io.vioemu.guest.netperf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A calibration profile shipped with the experiments module, as {@code cost.*} parameters, read
 * from the source tree so that host tests use the very numbers users get (the experiments module
 * validates the files; this only reads them).
 */
final class ShippedProfile {
  private ShippedProfile() {}

  @SuppressWarnings("unchecked")
  static Map<String, String> costs(String name) {
    Path file =
        Path.of(
            "..", "experiments", "src", "main", "resources", "vioemu", "profiles", name + ".yaml");
    try {
      Map<String, Object> doc =
          (Map<String, Object>)
              new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
      Map<String, Object> costs = (Map<String, Object>) doc.get("costs");
      Map<String, String> params = new TreeMap<>();
      costs.forEach(
          (k, v) ->
              params.put("cost." + k, String.valueOf(((Map<String, Object>) v).get("value"))));
      return params;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read profile " + file, e);
    }
  }
}
