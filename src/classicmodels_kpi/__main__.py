from classicmodels_kpi.cli import main

main()
