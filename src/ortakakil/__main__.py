from ortakakil.cli import main

main()
