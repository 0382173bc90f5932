package io.vioemu.lang;

import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A {@code --set} value in the node tree, so it goes through exactly the checks a value in the file
 * does; errors name the argument instead of a line.
 */
final class SetNode extends ScalarNode {
  final String arg;

  SetNode(Setting s) {
    super(Tag.STR, s.value(), ScalarStyle.PLAIN);
    this.arg = s.arg();
  }
}
