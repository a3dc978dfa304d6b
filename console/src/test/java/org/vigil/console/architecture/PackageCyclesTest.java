package org.vigil.console.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No cycles between packages: every package of the modules on the console's class path (core, domain, connectors,
 * simulator, vision, stream-jobs, cli, console: all but bench), main code only, may depend on another only if that
 * one does not depend back, directly or through others. ArchUnit reads the compiled classes, so a dependency through
 * a fully-qualified name counts as much as an import; Javadoc does not count.
 */
class PackageCyclesTest {

  @Test
  void packagesHaveNoCycles() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar")) // the modules' test jars
        .importPackages("org.vigil");
    slices().matching("org.vigil.(**)").should().beFreeOfCycles().check(classes);
  }
}
