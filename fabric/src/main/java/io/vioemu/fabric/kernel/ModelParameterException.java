package io.vioemu.fabric.kernel;

/** A model parameter that is missing, unknown, malformed or out of range; names the parameter. */
public final class ModelParameterException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String parameter;

  public ModelParameterException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  /** The parameter's name as the experiment file spells it. */
  public String parameter() {
    return parameter;
  }
}
