"""`pip install ./python` as a user does it (offline: --no-build-isolation uses the system's
setuptools), into a fresh virtual environment that sees the Debian packages: the installed
package carries the jar and works away from the repository."""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import support

NO_VENV = None if all(importlib.util.find_spec(m) for m in ("venv", "pip", "setuptools")) \
    else "needs venv, pip and setuptools (Debian: python3-venv python3-pip python3-setuptools)"


@support.skip_without("jpype", "numpy")
class Version(unittest.TestCase):
    def test_the_package_has_the_version_of_the_maven_build(self):
        import xml.etree.ElementTree as ET

        import mmu
        pom = ET.parse(os.path.join(support.REPO, "pom.xml")).getroot()
        version = pom.find("{http://maven.apache.org/POM/4.0.0}version").text
        self.assertEqual(version.replace("-SNAPSHOT", ""), mmu.__version__)


@support.skip_without("jpype", "numpy")
@unittest.skipIf(NO_VENV is not None, NO_VENV or "")
class PipInstall(unittest.TestCase):
    def test_the_installed_package_opens_a_dataset_with_the_jar_it_carries(self):
        imaging = os.path.join(support.demo(), "imaging")
        with tempfile.TemporaryDirectory(prefix="mmu-py-install-") as tmp:
            source = os.path.join(tmp, "python")  # a copy: the build leaves build/ and *.egg-info behind
            shutil.copytree(support.PYTHON_DIR, source, ignore=shutil.ignore_patterns("build", "*.egg-info",
                                                                                      "__pycache__", "tests"))
            venv = os.path.join(tmp, "venv")
            subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv], check=True)
            python = os.path.join(venv, "bin", "python")
            env = dict(os.environ, MMU_JAR=support.jar())  # the jar the build copies in
            env.pop("PYTHONPATH", None)
            pip = subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "--no-build-isolation",
                                  "--no-index", source],
                                 capture_output=True, text=True, env=env)
            self.assertEqual(0, pip.returncode, pip.stdout + pip.stderr)
            del env["MMU_JAR"]
            run = subprocess.run([python, "-c", "import mmu, sys; print(mmu.find_jar()); print(len(mmu.open(sys.argv[1])))",
                                  imaging], capture_output=True, text=True, env=env, cwd=tmp)
            self.assertEqual(0, run.returncode, run.stderr)
            jar, size = run.stdout.split()
            self.assertTrue(jar.startswith(venv) and jar.endswith(os.path.join("mmu", "jars", "mmu.jar")), jar)
            self.assertEqual("2000", size)


if __name__ == "__main__":
    unittest.main()
