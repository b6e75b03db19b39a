package dev.trawl.jobs.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A command's options: {@code --name value} (repeatable), {@code --flag}, at most a given number of
 * positional arguments, and Hadoop's generic options wherever they stand; anything else is a usage
 * error that names what is wrong (and the option it most likely meant).
 */
public final class Args {
  /** Hadoop's generic options (GenericOptionsParser), each with one value. */
  static final Set<String> GENERIC = Set.of("-D", "-conf", "-fs", "-jt", "-files", "-libjars", "-archives", "-tokenCacheFile");

  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();
  private final List<String> generic = new ArrayList<>();

  /** A command line that does not fit the command; the message says what is wrong. */
  public static final class UsageException extends IllegalArgumentException {
    public UsageException(String message) {
      super(message);
    }
  }

  public static Args parse(List<String> args, Set<String> withValue, Set<String> flags) {
    return parse(args, withValue, flags, Integer.MAX_VALUE);
  }

  /**
   * @param maxPositional positional arguments allowed (0: none); one more is a usage error, never ignored
   */
  public static Args parse(List<String> args, Set<String> withValue, Set<String> flags, int maxPositional) {
    Args a = new Args();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (GENERIC.contains(arg) || (arg.startsWith("-D") && arg.length() > 2)) {
        // Users put -D after the command as often as before it (hadoop jar x.jar crawl -D ...); taking it
        // here means it is never silently ignored, and a flag's value is never mistaken for one.
        String option = arg.startsWith("-D") ? "-D" : arg;
        String value = arg.length() > 2 && arg.startsWith("-D") ? arg.substring(2) : null;
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException(arg + " needs a value" + (arg.equals("-D") ? " (-D key=value)" : ""));
          }
          value = args.get(++i);
        }
        if (option.equals("-D") && value.indexOf('=') < 1) {
          throw new UsageException("-D takes key=value, not '" + value + "'");
        }
        a.generic.add(option);
        a.generic.add(value);
        continue;
      }
      if (arg.startsWith("-") && arg.length() > 1 && !arg.startsWith("--")) {
        Set<String> known = new TreeSet<>();
        withValue.forEach(n -> known.add("--" + n));
        flags.forEach(n -> known.add("--" + n));
        throw new UsageException("unknown option " + arg + NearestName.hint("-" + arg, known, ""));
      }
      if (!arg.startsWith("--")) {
        if (a.positional.size() >= maxPositional) {
          throw new UsageException(maxPositional == 0 ? "unexpected argument '" + arg + "': this command takes only options"
              : "unexpected argument '" + arg + "' after " + a.positional);
        }
        a.positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name) && inline == null) {
        a.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
      } else if (withValue.contains(name)) {
        String value = inline;
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = args.get(++i);
        }
        a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else if (flags.contains(name)) {
        throw new UsageException("--" + name + " takes no value");
      } else {
        Set<String> known = new TreeSet<>(withValue);
        known.addAll(flags);
        throw new UsageException("unknown option --" + name + NearestName.hint(name, known, "--"));
      }
    }
    return a;
  }

  /** Hadoop generic options found among the command's own, in order, each followed by its value. */
  public List<String> generic() {
    return generic;
  }

  public String get(String name) {
    List<String> v = values.get(name);
    return v == null ? null : v.get(v.size() - 1);
  }

  public List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String required(String name) {
    String v = get(name);
    if (v == null) {
      throw new UsageException("--" + name + " is required");
    }
    return v;
  }

  public int intValue(String name, int fallback) {
    String v = get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " takes a whole number, not '" + v + "'");
    }
  }

  /** A whole number of at least {@code min}, or {@code fallback} if the option is absent. */
  public int intValue(String name, int fallback, int min) {
    int n = intValue(name, fallback);
    if (has(name) && n < min) {
      throw new UsageException("--" + name + " takes a whole number of " + min + " or more, not '" + get(name) + "'");
    }
    return n;
  }

  public List<String> positional() {
    return positional;
  }

  /** The one positional argument a command needs, or a usage error saying what to give. */
  public String onePositional(String what) {
    if (positional.isEmpty()) {
      throw new UsageException("which " + what + "? give one");
    }
    return positional.get(0);
  }
}
