# Empty dependencies file for gz_embed.
# This may be replaced when dependencies are built.
