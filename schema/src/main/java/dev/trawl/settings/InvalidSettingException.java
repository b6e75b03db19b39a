package dev.trawl.settings;

/** A setting whose value cannot be used; the message names the key, the value and what is allowed. */
public class InvalidSettingException extends IllegalArgumentException {
  public InvalidSettingException(Setting setting, String value, String allowed) {
    super("setting " + setting.key() + " = '" + value + "' is not valid: " + allowed);
  }
}
