"""The command's entry point. Ctrl-C while modules load ends the command as Ctrl-C does
later: a line that says so and exit code 130, not a traceback."""
from .support.stopping import finished, install


def run() -> None:
    install()
    from .cli import main
    try:
        main()
    finally:
        finished()


if __name__ == "__main__":
    run()
