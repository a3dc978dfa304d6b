package org.vigil.console.testing;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.vigil.connectors.testing.TestInflux;

/**
 * The InfluxDB database of a console test, dropped when its test is over (register it with {@code @RegisterExtension}):
 * after each test, or, in a class with {@code @TestInstance(PER_CLASS)} whose tests share one console, after all of
 * them. It is dropped after the test's own {@code @AfterEach}/{@code @AfterAll} methods, so a console they close is no
 * longer using it. The console does not create its database: {@link #setUp} makes it as {@code ./vigil run} does before
 * it starts the console ({@code vigil influx setup}, {@link TestInflux#setUp}); a test of the console without it leaves
 * it missing.
 */
public final class ConsoleDatabase implements AfterEachCallback, AfterAllCallback {

  /** The database's name: unique to the test class and run, e.g. {@code it_console_load_<run>}. */
  public final String name;

  public ConsoleDatabase(String name) {
    this.name = name;
  }

  /** Sets the database up as {@code vigil influx setup} does, granted to {@code grants} ({@code vigil-console}, ...). */
  public void setUp(String... grants) throws InterruptedException {
    TestInflux.setUp(name, grants);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (context.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
        == TestInstance.Lifecycle.PER_METHOD) {
      TestInflux.client().dropDatabase(name);
    }
  }

  /** Called only in a {@code PER_CLASS} class: there JUnit registers an instance field's extension for the class. */
  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    TestInflux.client().dropDatabase(name);
  }
}
