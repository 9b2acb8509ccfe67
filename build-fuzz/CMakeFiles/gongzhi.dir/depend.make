# Empty dependencies file for gongzhi.
# This may be replaced when dependencies are built.
