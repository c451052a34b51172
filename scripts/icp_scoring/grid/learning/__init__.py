"""The jobs of `icp learn-grid` (icp_scoring.grid.learn): the model's inputs and the half-life search
(design), the model read as a grid of points and grade bands (proposal), and the report (report)."""
