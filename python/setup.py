"""Installs the package with the mmu jar inside it when the jar has been built (the package's
metadata is in pyproject.toml): after 'mvn -DskipTests package', 'pip install ./python' gives a
package that needs neither MMU_JAR nor the build tree."""

import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "..", "mmu-examples", "target", "mmu.jar")


class BuildWithJar(build_py):
    def run(self):
        super().run()
        jar = os.environ.get("MMU_JAR") or JAR
        if os.path.isfile(jar):
            target = os.path.join(self.build_lib, "mmu", "jars")
            os.makedirs(target, exist_ok=True)
            shutil.copyfile(jar, os.path.join(target, "mmu.jar"))
        else:
            print("mmu: no jar at %s; the installed package will need MMU_JAR" % jar)


setup(cmdclass={"build_py": BuildWithJar})
